"""How a document reads on both sides: the document itself (view), its conversation (comments),
PDF download and print (pdf_actions) and a statement of accounts on screen (statement)."""
