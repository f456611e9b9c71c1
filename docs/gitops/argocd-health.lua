-- Argo CD health check for loadtest.dev/LoadTest (resource.customizations.health.loadtest.dev_LoadTest).
-- Reads the kstatus conditions the operator writes: Progressing while a run is in progress or due,
-- Healthy when the run for the current spec passed, Degraded when it failed or cannot start (Stalled).
-- Tested by ArgoCdHealthTest with Debian's lua5.1 on statuses recorded from real runs.
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start a run"
  return hs
end

local conditions = {}
for _, c in ipairs(obj.status.conditions) do
  conditions[c.type] = c
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
-- status.runGeneration: the newest spec the run carries out; absent on statuses of older operators
local carried = obj.status.runGeneration or observed
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "The operator has not seen generation " .. generation .. " yet"
  return hs
end

local function is(type, status)
  return conditions[type] ~= nil and conditions[type].status == status
end

local function message(type)
  local c = conditions[type]
  if c == nil or c.message == nil then
    return type
  end
  return c.message
end

if is("Reconciling", "True") then
  hs.status = "Progressing"
  hs.message = message("Reconciling")
  return hs
end
if is("Stalled", "True") then
  hs.status = "Degraded"
  hs.message = message("Stalled")
  return hs
end
if generation ~= nil and carried ~= nil and carried < generation then
  -- the spec changed during the finished run: the operator starts the changed spec next
  hs.status = "Progressing"
  hs.message = "Generation " .. generation .. " runs next"
  return hs
end
if is("Ready", "True") then
  hs.status = "Healthy"
  hs.message = message("Ready")
  return hs
end
hs.status = "Progressing"
hs.message = message("Ready")
return hs
