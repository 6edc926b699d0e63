"""The sharing errors, with the texts of Nextcloud's
apps/files_sharing/lib/Controller/ShareesAPIController.php and ShareAPIController.php."""

from ocs.exceptions import BadRequest, NotFound


class InvalidPage(BadRequest):
    def __init__(self):
        super().__init__("Invalid page")


class InvalidPerPage(BadRequest):
    def __init__(self):
        super().__init__("Invalid perPage argument")


class MissingItemType(BadRequest):
    def __init__(self):
        super().__init__("Missing itemType")


class MissingPath(NotFound):
    def __init__(self):
        super().__init__("Please specify a file or folder path")


class WrongPath(NotFound):
    def __init__(self):
        super().__init__("Wrong path, file/folder does not exist")


class WrongShareId(NotFound):
    def __init__(self):
        super().__init__("Wrong share ID, share does not exist")
