"""The board domain: the notice boards' posts (`posts`), and `access`."""
