using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Types;

/// <summary>
/// A node's identity: a valid secp256k1 point in its 33-byte compressed form. Ordering is by the compressed bytes,
/// the order BOLT 7 uses to pick <c>node_id_1</c> and <c>node_id_2</c>.
/// </summary>
public sealed class NodeId : IEquatable<NodeId>, IComparable<NodeId>
{
    public const int Length = PublicKey.CompressedLength;

    private readonly byte[] _compressed;

    public NodeId(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _compressed = key.ToCompressed();
    }

    public PublicKey Key { get; }

    /// <summary>The 33 compressed bytes as sent on the wire.</summary>
    public ReadOnlySpan<byte> Bytes => _compressed;

    /// <summary>Accepts only a 33-byte compressed point that lies on the curve.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> compressed33, [NotNullWhen(true)] out NodeId? nodeId)
    {
        nodeId = null;
        if (compressed33.Length != Length || (compressed33[0] != 0x02 && compressed33[0] != 0x03))
            return false;
        if (!PublicKey.TryParse(compressed33, out var key))
            return false;
        nodeId = new NodeId(key);
        return true;
    }

    /// <summary>Parses 66 hex characters of a compressed public key.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, [NotNullWhen(true)] out NodeId? nodeId)
    {
        nodeId = null;
        return hex.Length == 2 * Length && Hex.TryDecode(hex, out var bytes) && TryCreate(bytes, out nodeId);
    }

    public static NodeId Parse(string hex) =>
        TryParse(hex, out var nodeId) ? nodeId : throw new FormatException("a node id is 66 hex characters of a compressed public key");

    public byte[] ToArray() => (byte[])_compressed.Clone();

    public string ToHex() => Hex.Encode(_compressed);

    public override string ToString() => ToHex();

    public int CompareTo(NodeId? other) => other is null ? 1 : Bytes.SequenceCompareTo(other.Bytes);

    public bool Equals(NodeId? other) => other is not null && Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => Equals(obj as NodeId);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_compressed);
        return hash.ToHashCode();
    }

    public static bool operator ==(NodeId? left, NodeId? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(NodeId? left, NodeId? right) => !(left == right);
    public static bool operator <(NodeId left, NodeId right) => Compare(left, right) < 0;
    public static bool operator >(NodeId left, NodeId right) => Compare(left, right) > 0;
    public static bool operator <=(NodeId left, NodeId right) => Compare(left, right) <= 0;
    public static bool operator >=(NodeId left, NodeId right) => Compare(left, right) >= 0;

    private static int Compare(NodeId? left, NodeId? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
