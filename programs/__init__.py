"""What the city offers and who qualifies: program pages, qualifying programs,
service areas and the one eligibility rule."""
