"""The Textual reader and annotation app, and the ``quotelens`` command line."""
