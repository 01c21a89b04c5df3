"""The portal: zorgkantoren log in, upload and see their findings (Django app; contract: spec/portaal.md)."""
