"""Domain rules that are more than CRUD."""
