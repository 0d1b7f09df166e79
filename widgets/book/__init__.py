"""What the book itself needs beyond the exercises: the chapters' tables, and the launch
configuration `make book` writes (`python -m widgets.book.config`). May import case, work,
stats and diagrams; never exercises or workshop."""
