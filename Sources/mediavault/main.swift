print("mediavault")
