using System.Globalization;

namespace Fulgur.Protocol.Types;

/// <summary>A block height on the chain.</summary>
public readonly record struct BlockHeight(uint Value) : IComparable<BlockHeight>
{
    public static BlockHeight operator +(BlockHeight height, uint blocks) => new(checked(height.Value + blocks));

    public static BlockHeight operator -(BlockHeight height, uint blocks) => new(checked(height.Value - blocks));

    /// <summary>The number of blocks from <paramref name="b"/> to <paramref name="a"/>; negative when <paramref name="a"/> is lower.</summary>
    public static long operator -(BlockHeight a, BlockHeight b) => (long)a.Value - b.Value;

    public static bool operator <(BlockHeight a, BlockHeight b) => a.Value < b.Value;
    public static bool operator >(BlockHeight a, BlockHeight b) => a.Value > b.Value;
    public static bool operator <=(BlockHeight a, BlockHeight b) => a.Value <= b.Value;
    public static bool operator >=(BlockHeight a, BlockHeight b) => a.Value >= b.Value;

    public int CompareTo(BlockHeight other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
