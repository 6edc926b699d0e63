"""Users as the Nextcloud APIs show them: the id is the username, the display name is the
full name, falling back to the username."""


def display_name(user) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username
