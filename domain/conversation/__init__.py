"""What clients and staff say and do about a document: comments, replies and internal notes
(comments), client activity for the staff bell (activity), and the emails that tell the business (activity_mail)."""
