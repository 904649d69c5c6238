-- wrk: each request takes the next line of paths.txt (every callback URL is single-use).
local paths, i = {}, 0
for line in io.lines("paths.txt") do paths[#paths + 1] = line end
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
