"""The intake wizard: the step order, the guard, each step's form and view, and the
services that write the answers and submit them."""
