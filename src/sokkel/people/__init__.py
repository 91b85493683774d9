"""People: users (e-mail login), their roles, and who leads which unit."""
