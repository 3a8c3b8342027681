"""Tests of integrations/framework/: the contract of every library patch, and the patches that stand alone."""
