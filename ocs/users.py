"""Users as the Nextcloud APIs show them: the id is the username, the display name is the
full name, falling back to the username."""


def display_name(user) -> str:
    return display_name_of(user.username, user.first_name, user.last_name)


def display_name_of(username: str, first_name: str, last_name: str) -> str:
    full = f"{first_name} {last_name}".strip()
    return full or username
