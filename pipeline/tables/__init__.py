"""Tables: every table of the ZN progress report, computed from the conformed warehouse tables."""
