-- file.lua: the static and large workloads: GET the URL's path (a file under /static/) again and again.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
