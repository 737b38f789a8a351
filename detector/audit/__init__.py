"""Ad-compliance audits over archives of articles."""
