"""Pieces only the client portal uses: the frame of a document page (document), filtered lists (lists),
small shared pieces (page) and the Forward dialog."""
