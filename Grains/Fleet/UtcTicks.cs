namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A time held as UTC ticks in memory (8 bytes where a <see cref="DateTimeOffset"/> takes 16 and a nullable one 24),
/// for states kept per GPU. Only the instant is kept: the offset comes back as UTC, which compares equal.
/// </summary>
internal static class UtcTicks
{
    /// <summary>
    /// No time (a null <see cref="DateTimeOffset"/>): the ticks of <see cref="DateTimeOffset.MinValue"/>, which no GPU's
    /// time is, and what a field holds before anything is set.
    /// </summary>
    public const long None = 0;

    public static long Of(DateTimeOffset? time) => time is { } t ? t.UtcTicks : None;

    public static long Of(DateTimeOffset time) => time.UtcTicks;

    public static DateTimeOffset? ToNullable(long ticks) => ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    public static DateTimeOffset ToTime(long ticks) => new(ticks, TimeSpan.Zero);
}
