print("asyncdemo-tui")
