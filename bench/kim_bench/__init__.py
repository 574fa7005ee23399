"""Settings and admin registration used only by ``make bench`` (bench/run.py): the application
with production settings plus one reference page, the Django admin change list of cases."""
