"""Units: the tree of counties, municipalities, schools, nursing homes, hospitals, depots …"""
