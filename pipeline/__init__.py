"""WIR-monitor: intake → warehouse → tables → report for the ZN progress report."""
