"""Developer and CI tools, run as scripts; not installed with the bot. Tests may import them."""
