namespace Fulgur.Protocol.Channels;

/// <summary>
/// The 48-bit number of a commitment transaction: 0 for the first commitment of a channel, counting up by one for each
/// new commitment. The matching per-commitment secret is taken at index <c>2^48 - 1 - number</c>, because
/// BOLT #3: "The first secret used: - MUST be index 281474976710655, - and from there, the index is decremented."
/// </summary>
public readonly record struct CommitmentNumber : IComparable<CommitmentNumber>
{
    /// <summary>The largest 48-bit value: the index of the first per-commitment secret.</summary>
    public const ulong MaxValue = (1UL << 48) - 1;

    public CommitmentNumber(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        Value = value;
    }

    public ulong Value { get; }

    /// <summary>The per-commitment secret index of this commitment (<c>2^48 - 1 - number</c>).</summary>
    public ulong SecretIndex => MaxValue - Value;

    public CommitmentNumber Next => new(Value + 1);

    public static CommitmentNumber FromSecretIndex(ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxValue);
        return new CommitmentNumber(MaxValue - index);
    }

    public int CompareTo(CommitmentNumber other) => Value.CompareTo(other.Value);

    public static bool operator <(CommitmentNumber a, CommitmentNumber b) => a.Value < b.Value;
    public static bool operator >(CommitmentNumber a, CommitmentNumber b) => a.Value > b.Value;
    public static bool operator <=(CommitmentNumber a, CommitmentNumber b) => a.Value <= b.Value;
    public static bool operator >=(CommitmentNumber a, CommitmentNumber b) => a.Value >= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
