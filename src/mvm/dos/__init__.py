"""doskrnl: the rehosted DOS kernel that serves INT 20h/21h from host files."""
