using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// GPUs of a region bucketed into quarter-degree cells (about 28 km), walked in square rings outward from a point. Each ring comes with a
/// lower bound on the distance of anything in it, so a search can stop once the ring is farther than the candidates it
/// already has: a decision then looks at the GPUs near the client instead of the whole region.
/// </summary>
public sealed class RegionSpatialIndex
{
    private const double KmPerDegree = 111.195;

    /// <summary>Cells per degree: 4 makes a cell about 28 km, under half a millisecond of estimated RTT.</summary>
    private const int CellsPerDegree = 4;
    private readonly Dictionary<(int Lat, int Lon), HashSet<string>> _cells = [];
    private readonly Dictionary<string, (int Lat, int Lon)> _cellOf = new(StringComparer.Ordinal);
    private (int MinLat, int MaxLat, int MinLon, int MaxLon)? _bounds;

    public int Count => _cellOf.Count;

    public void Set(string gpuId, GeoPoint location)
    {
        var cell = CellOf(location);
        if (_cellOf.TryGetValue(gpuId, out var old))
        {
            if (old == cell)
            {
                return;
            }

            RemoveFromCell(gpuId, old);
        }

        _cellOf[gpuId] = cell;
        _bounds = null;
        if (!_cells.TryGetValue(cell, out var set))
        {
            _cells[cell] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(gpuId);
    }

    public void Remove(string gpuId)
    {
        if (_cellOf.Remove(gpuId, out var cell))
        {
            _bounds = null;
            RemoveFromCell(gpuId, cell);
        }
    }

    /// <summary>GPU ids ring by ring from the point, each with a lower bound (km) on the distance of its ring.</summary>
    public IEnumerable<(string GpuId, double RingMinKm)> Outward(GeoPoint from)
    {
        var (lat0, lon0) = CellOf(from);
        var visited = 0;

        // A client outside the region starts at the ring that first touches the occupied cells' bounding box rather
        // than walking empty rings towards it; the box ignores the antimeridian, where it starts from ring 0.
        var (first, last) = RingsTouchingBounds(lat0, lon0);
        var seen = new HashSet<(int Lat, int Lon)>();
        for (var r = first; visited < _cells.Count && r <= last; r++)
        {
            // Any point in ring r is at least r-1 whole cells away in latitude or longitude; a degree of longitude is
            // shortest at the ring's most polar latitude.
            var polar = Math.Min(85, Math.Abs(from.Latitude) + (double)r / CellsPerDegree);
            var ringMinKm = Math.Max(0, r - 1) * KmPerDegree / CellsPerDegree * Math.Cos(polar * Math.PI / 180);
            foreach (var cell in Ring(lat0, lon0, r))
            {
                // Rings wider than half the globe wrap onto cells already seen: each cell is yielded once.
                if (!_cells.TryGetValue(cell, out var set) || !seen.Add(cell))
                {
                    continue;
                }

                visited++;
                foreach (var id in set)
                {
                    yield return (id, ringMinKm);
                }
            }
        }
    }

    private (int First, int Last) RingsTouchingBounds(int lat, int lon)
    {
        if (_cellOf.Count == 0)
        {
            return (0, -1);
        }

        var (minLat, maxLat, minLon, maxLon) = _bounds ??= Bounds();
        var centre = (minLon + maxLon) / 2;
        var spansAntimeridian = maxLon - minLon > 180 * CellsPerDegree || Math.Abs(lon - centre) > 90 * CellsPerDegree;
        var dLat = lat < minLat ? minLat - lat : lat > maxLat ? lat - maxLat : 0;
        var dLon = lon < minLon ? minLon - lon : lon > maxLon ? lon - maxLon : 0;
        var first = spansAntimeridian ? 0 : Math.Max(dLat, dLon);
        var last = Math.Max(Math.Max(Math.Abs(lat - minLat), Math.Abs(lat - maxLat)), Math.Max(Math.Abs(lon - minLon), Math.Abs(lon - maxLon)));
        return (first, spansAntimeridian ? 180 * CellsPerDegree : Math.Min(last, 180 * CellsPerDegree));
    }

    private (int MinLat, int MaxLat, int MinLon, int MaxLon) Bounds()
    {
        var minLat = int.MaxValue;
        var maxLat = int.MinValue;
        var minLon = int.MaxValue;
        var maxLon = int.MinValue;
        foreach (var (cLat, cLon) in _cells.Keys)
        {
            minLat = Math.Min(minLat, cLat);
            maxLat = Math.Max(maxLat, cLat);
            minLon = Math.Min(minLon, cLon);
            maxLon = Math.Max(maxLon, cLon);
        }

        return (minLat, maxLat, minLon, maxLon);
    }

    private static IEnumerable<(int Lat, int Lon)> Ring(int lat0, int lon0, int r)
    {
        if (r == 0)
        {
            yield return (lat0, lon0);
            yield break;
        }

        for (var dLat = -r; dLat <= r; dLat++)
        {
            var lat = lat0 + dLat;
            if (lat < -90 * CellsPerDegree || lat >= 90 * CellsPerDegree)
            {
                continue;
            }

            var edge = dLat == -r || dLat == r;
            for (var dLon = -r; dLon <= r; dLon += edge ? 1 : 2 * r)
            {
                yield return (lat, WrapLon(lon0 + dLon));
            }
        }
    }

    private static int WrapLon(int lon)
    {
        const int half = 180 * CellsPerDegree;
        return ((lon + half) % (2 * half) + 2 * half) % (2 * half) - half;
    }

    private static (int Lat, int Lon) CellOf(GeoPoint p) =>
        ((int)Math.Floor(p.Latitude * CellsPerDegree), WrapLon((int)Math.Floor(p.Longitude * CellsPerDegree)));

    private void RemoveFromCell(string gpuId, (int Lat, int Lon) cell)
    {
        if (_cells.TryGetValue(cell, out var set) && set.Remove(gpuId) && set.Count == 0)
        {
            _cells.Remove(cell);
        }
    }
}
