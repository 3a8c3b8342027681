"""The business itself: its profile and the day it is where the business is (profile), and the portal
settings staff change (settings). Every other area may read it; it reads none of them."""
