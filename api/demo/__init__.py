"""The national demo dataset: `seed` puts the landscape, its meetings, files and boards in
place."""
