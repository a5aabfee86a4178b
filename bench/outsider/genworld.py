#!/usr/bin/env python3
"""Writes a generated town experience for outsider runs (bench/outsider/README.md), by hand, not from the
Java helpers: Z zones x A areas x S spots x I items, the zones 0.005 degrees apart from (40.0, -3.0).

usage: genworld.py <experiences-dir> <id> <zones> <areas> <spots> <items-per-spot> <zone|area>
"""
import json, os, sys
out, eid, Z, A, S, I, interest = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7]), sys.argv[7]
d = os.path.join(out, eid)
os.makedirs(d + "/templates/items", exist_ok=True)
os.makedirs(d + "/game-logic", exist_ok=True)
json.dump({"id": eid, "name": "Big Town", "version": "1.0.0", "description": "A generated town.",
           "state": {"model": "shared", "interest": interest},
           "bootstrap": {"zone": "z0", "area": "a0", "inventory": []},
           "location": {"radius_m": 40}}, open(d + "/config.json", "w"), indent=1)
kinds = ["lantern", "feather", "pebble", "shell"]
for k in kinds:
    json.dump({"id": k, "type": k, "name": k.title(), "description": "A small " + k + " that hums when you hold it. " * 2,
               "collectible": True, "visible": True}, open(d + f"/templates/items/{k}.json", "w"))
locs, wps = {}, []
for z in range(Z):
    lat, lng = 40.0 + z * 0.005, -3.0
    areas = {}
    for a in range(A):
        spots = {}
        for s in range(S):
            spots[f"s{s}"] = {"name": f"spot {s}", "description": f"Spot {s} of area {a} in zone {z}, under an old tree.",
                              "items": [{"template_id": kinds[(z + a + s + i) % 4], "instance_id": f"i_{z}_{a}_{s}_{i}"} for i in range(I)]}
        areas[f"a{a}"] = {"name": f"area {a}", "description": f"Area {a} of zone {z}.", "spots": spots}
    locs[f"z{z}"] = {"name": f"Zone {z}", "description": f"Zone number {z} of the big town.",
                     "gps": {"lat": lat, "lng": lng}, "entry_area": "a0", "areas": areas}
    wps.append({"id": f"w{z}", "name": f"Zone {z}", "zone": f"z{z}", "lat": lat, "lng": lng, "radius_m": 40})
json.dump({"locations": locs, "npcs": {}, "global_state": {}}, open(d + "/world.json", "w"))
json.dump({"waypoints": wps}, open(d + "/waypoints.json", "w"))
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "experiences", "wylding-woods", "game-logic")
for f in ["collect.md", "drop.md", "go.md", "inventory.md", "examine.md", "location.md"]:
    if os.path.exists(os.path.join(src, f)):
        open(os.path.join(d, "game-logic", f), "w").write(open(os.path.join(src, f)).read())
print(d, os.path.getsize(d + "/world.json"), "bytes,", Z * A * S * I, "items")
