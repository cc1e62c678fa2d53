print("asyncdemo-bench")
