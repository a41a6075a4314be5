using System.Globalization;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// The <c>u32</c> <c>timestamp</c> of <c>node_announcement</c> and <c>channel_update</c>: an ordering number the
/// origin increases with every new message, by convention seconds since the UNIX epoch.
/// </summary>
public readonly record struct GossipTimestamp(uint Value) : IComparable<GossipTimestamp>
{
    public static readonly GossipTimestamp Zero = new(0);

    /// <summary>The timestamp for a moment, clamped to the <c>u32</c> range.</summary>
    public static GossipTimestamp FromDateTimeOffset(DateTimeOffset time) =>
        new((uint)Math.Clamp(time.ToUnixTimeSeconds(), 0, uint.MaxValue));

    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.FromUnixTimeSeconds(Value);

    /// <summary>Seconds from <paramref name="b"/> to <paramref name="a"/>; negative when <paramref name="a"/> is earlier.</summary>
    public static long operator -(GossipTimestamp a, GossipTimestamp b) => (long)a.Value - b.Value;

    public static bool operator <(GossipTimestamp a, GossipTimestamp b) => a.Value < b.Value;
    public static bool operator >(GossipTimestamp a, GossipTimestamp b) => a.Value > b.Value;
    public static bool operator <=(GossipTimestamp a, GossipTimestamp b) => a.Value <= b.Value;
    public static bool operator >=(GossipTimestamp a, GossipTimestamp b) => a.Value >= b.Value;

    public int CompareTo(GossipTimestamp other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
