// Replaced by the accountants.
