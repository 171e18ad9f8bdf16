"""Site pages: the home page, standard content pages, shared blocks and site settings."""
