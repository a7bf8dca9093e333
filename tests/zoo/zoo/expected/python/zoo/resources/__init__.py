"""Resources of the API, one module per path group."""
