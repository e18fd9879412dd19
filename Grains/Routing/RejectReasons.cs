using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Why a GPU is not a candidate, as a small code, so that index rows, index nodes and a decision's tally count reasons
/// without strings. Codes below <see cref="StatusCodes"/> describe the GPU alone (available, busy, or its own
/// not-routable reason, interned as reasons appear); the codes after them depend on the request.
/// </summary>
public static class RejectReasons
{
    public const int None = -1;
    public const int Available = 0;
    public const int Busy = 1;
    public const int NotRoutable = 2;

    /// <summary>Status codes: available, busy, and up to 21 distinct not-routable reasons; more share "not routable".</summary>
    public const int StatusCodes = 24;

    public const int Excluded = StatusCodes;
    public const int CloudPool = StatusCodes + 1;
    public const int EdgePool = StatusCodes + 2;
    public const int TooSmall = StatusCodes + 3;
    public const int NotAttested = StatusCodes + 4;
    public const int PriceAboveCap = StatusCodes + 5;
    public const int OutsideBudget = StatusCodes + 6;
    public const int Count = StatusCodes + 7;

    private static readonly object Gate = new();
    private static readonly string?[] Texts = Initial();
    private static readonly Dictionary<string, int> Interned = new(StringComparer.Ordinal);
    private static int _next = NotRoutable + 1;

    /// <summary>What the GPU itself says: not routable (with its reason) before busy, as the filter checks them.</summary>
    public static int StatusOf(GpuRoutingSummary gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return !gpu.Routable ? Intern(gpu.NotRoutableReason) : gpu.FreeSlots <= 0 ? Busy : Available;
    }

    public static string Text(int code) => code is >= 0 and < Count ? Texts[code] ?? "not routable" : "not routable";

    /// <summary>Where a GPU of the other pool goes: "cloud pool (edge first)" when edge was asked for, else "edge pool".</summary>
    public static int OtherPool(PoolKind gpuPool) => gpuPool == PoolKind.Cloud ? CloudPool : EdgePool;

    private static int Intern(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return NotRoutable;
        }

        lock (Gate)
        {
            if (Interned.TryGetValue(reason, out var code))
            {
                return code;
            }

            if (_next >= StatusCodes)
            {
                return NotRoutable;
            }

            code = _next++;
            Texts[code] = reason;
            Interned[reason] = code;
            return code;
        }
    }

    private static string?[] Initial()
    {
        var texts = new string?[Count];
        texts[Available] = "available";
        texts[Busy] = "busy";
        texts[NotRoutable] = "not routable";
        texts[Excluded] = "excluded (earlier attempt)";
        texts[CloudPool] = "cloud pool (edge first)";
        texts[EdgePool] = "edge pool";
        texts[TooSmall] = "too small for the model";
        texts[NotAttested] = "not attested";
        texts[PriceAboveCap] = "price floor above cap";
        texts[OutsideBudget] = "outside latency budget";
        return texts;
    }
}
