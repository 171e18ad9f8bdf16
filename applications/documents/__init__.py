"""Documents: upload checks, the checklist of what a household owes, storing a checked
upload, and the views that stream or remove a file."""
