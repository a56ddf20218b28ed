"""The files domain: the library and attached files (`library`), receiving uploads
(`uploads`), and `access`."""
