"""Pieces only staff pages use: the activity bell, contact and person forms, the contact picker, the
document list and line editor, portal access chips, paging and the statement PDF picker."""
