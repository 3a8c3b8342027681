"""Pieces every page uses: the frames (frame, public_frame), theme, form helpers, dialogs, live updates,
headings, row lists and figure grids, avatars, status chips and the sign-in and new-password cards."""
