"""One module per ``quotelens`` subcommand."""
