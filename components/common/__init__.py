"""Pieces every page uses: the frames (frame, public_frame), theme, running a use case and showing its errors
(forms.run, with the form helpers), dialogs, live updates, headings, row lists and figure grids, avatars, status
chips, the file upload field and the sign-in and new-password cards."""
