using System.Buffers.Binary;
using System.Net;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Gossip;

/// <summary>Why reading the <c>addresses</c> of a <c>node_announcement</c> stopped before the end.</summary>
public enum NodeAddressListProblem
{
    None,

    /// <summary>A descriptor of a type we do not know; it and everything after it are ignored (not an error).</summary>
    UnknownType,

    /// <summary>A descriptor of a known type runs past <c>addrlen</c> (BOLT 7: send a <c>warning</c>, may close).</summary>
    Truncated,
}

/// <summary>
/// The <c>addresses</c> field of <c>node_announcement</c>: the bytes exactly as signed, and the descriptors read
/// from them. Reading stops at the first descriptor of an unknown type, as BOLT 7 allows, keeping the bytes.
/// </summary>
public sealed class NodeAddressList : IEquatable<NodeAddressList>
{
    public static readonly NodeAddressList Empty = new(ByteVector.Empty, [], NodeAddressListProblem.None, null);

    private NodeAddressList(ByteVector raw, IReadOnlyList<NodeAddress> descriptors, NodeAddressListProblem problem, byte? unknownType)
    {
        Raw = raw;
        Descriptors = descriptors;
        Problem = problem;
        UnknownType = unknownType;
    }

    /// <summary>The field's bytes, as received or as we encoded them.</summary>
    public ByteVector Raw { get; }

    /// <summary>The descriptors read before any unknown type or truncation, in wire order.</summary>
    public IReadOnlyList<NodeAddress> Descriptors { get; }

    public NodeAddressListProblem Problem { get; }

    /// <summary>The type byte reading stopped at, when <see cref="Problem"/> is <see cref="NodeAddressListProblem.UnknownType"/>.</summary>
    public byte? UnknownType { get; }

    /// <summary>More than one <c>type 5</c> DNS hostname.</summary>
    // BOLT #7: "if more than one `type 5` address is announced: - SHOULD ignore the additional data.
    // - MUST not forward the `node_announcement`."
    public bool HasSeveralHostnames => Descriptors.Count(d => d.Type == NodeAddressType.DnsHostname) > 1;

    /// <summary>Descriptor types not in ascending order (an origin must sort them).</summary>
    // BOLT #7: "MUST place address descriptors in ascending order."
    public bool IsAscending
    {
        get
        {
            for (var i = 1; i < Descriptors.Count; i++)
            {
                if (Descriptors[i].Type < Descriptors[i - 1].Type)
                    return false;
            }
            return true;
        }
    }

    /// <summary>The addresses worth connecting to, with the receiver's rules applied.</summary>
    public IReadOnlyList<NodeAddress> Usable
    {
        get
        {
            var usable = new List<NodeAddress>();
            var seenHostname = false;
            foreach (var address in Descriptors)
            {
                switch (address)
                {
                    // BOLT #7: "SHOULD ignore Tor v2 onion services."
                    case TorV2NodeAddress:
                        continue;
                    // BOLT #7: "if `port` is equal to 0: - SHOULD ignore `ipv6_addr` OR `ipv4_addr` OR `hostname`."
                    case IPv4NodeAddress or IPv6NodeAddress or DnsHostnameNodeAddress when address.Port == 0:
                        continue;
                    case DnsHostnameNodeAddress hostname:
                        if (seenHostname || !hostname.IsAscii)
                            continue;
                        seenHostname = true;
                        break;
                }
                usable.Add(address);
            }
            return usable;
        }
    }

    /// <summary>
    /// Encodes our own addresses, sorted by type.
    /// </summary>
    public static NodeAddressList Create(params IEnumerable<NodeAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        // BOLT #7: "MUST place address descriptors in ascending order."
        var sorted = addresses.OrderBy(a => a.Type).ToList();
        foreach (var address in sorted)
        {
            // BOLT #7: "MUST NOT create a `type 1`, `type 2` or `type 5` address descriptor with
            // `port` equal to 0."
            if (address.Port == 0 && address is IPv4NodeAddress or IPv6NodeAddress or DnsHostnameNodeAddress)
                throw new ArgumentException($"address {address} has port 0", nameof(addresses));
        }
        // BOLT #7: "MUST NOT announce more than one `type 5` DNS hostname."
        if (sorted.Count(a => a.Type == NodeAddressType.DnsHostname) > 1)
            throw new ArgumentException("at most one DNS hostname may be announced", nameof(addresses));
        var bytes = new byte[sorted.Sum(a => 1 + a.DataLength)];
        var offset = 0;
        foreach (var address in sorted)
        {
            bytes[offset] = (byte)address.Type;
            address.WriteData(bytes.AsSpan(offset + 1, address.DataLength));
            offset += 1 + address.DataLength;
        }
        return new NodeAddressList(ByteVector.TakeOwnership(bytes), sorted, NodeAddressListProblem.None, null);
    }

    /// <summary>Reads a received <c>addresses</c> field. Never fails: problems are reported in <see cref="Problem"/>.</summary>
    public static NodeAddressList FromWire(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return Empty;
        var descriptors = new List<NodeAddress>();
        var rest = bytes;
        while (!rest.IsEmpty)
        {
            var type = rest[0];
            var data = rest[1..];
            int length;
            switch ((NodeAddressType)type)
            {
                case NodeAddressType.IPv4:
                    length = 6;
                    break;
                case NodeAddressType.IPv6:
                    length = 18;
                    break;
                case NodeAddressType.TorV2:
                    length = 12;
                    break;
                case NodeAddressType.TorV3:
                    length = TorV3NodeAddress.OnionLength + 2;
                    break;
                case NodeAddressType.DnsHostname:
                    length = data.IsEmpty ? 1 : 1 + data[0] + 2;
                    break;
                default:
                    // BOLT #7: "SHOULD ignore the first `address descriptor` that does NOT match the types
                    // defined above."
                    // Its length is unknown, so nothing after it can be read either.
                    return new NodeAddressList(new ByteVector(bytes), descriptors, NodeAddressListProblem.UnknownType, type);
            }
            // BOLT #7: "if `addrlen` is insufficient to hold the address descriptors of the
            // known types: - SHOULD send a `warning`. - MAY close the connection."
            if (data.Length < length)
                return new NodeAddressList(new ByteVector(bytes), descriptors, NodeAddressListProblem.Truncated, null);
            descriptors.Add(Read((NodeAddressType)type, data[..length]));
            rest = data[length..];
        }
        return new NodeAddressList(new ByteVector(bytes), descriptors, NodeAddressListProblem.None, null);
    }

    private static NodeAddress Read(NodeAddressType type, ReadOnlySpan<byte> data)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(data[^2..]);
        return type switch
        {
            NodeAddressType.IPv4 => new IPv4NodeAddress(new IPAddress(data[..4]), port),
            NodeAddressType.IPv6 => new IPv6NodeAddress(new IPAddress(data[..16]), port),
            NodeAddressType.TorV2 => new TorV2NodeAddress(new ByteVector(data[..TorV2NodeAddress.OnionLength]), port),
            NodeAddressType.TorV3 => new TorV3NodeAddress(new ByteVector(data[..TorV3NodeAddress.OnionLength]), port),
            _ => DnsHostnameNodeAddress.FromWire(data[1..^2], port),
        };
    }

    public bool Equals(NodeAddressList? other) => other is not null && Raw == other.Raw;

    public override bool Equals(object? obj) => Equals(obj as NodeAddressList);

    public override int GetHashCode() => Raw.GetHashCode();

    public static bool operator ==(NodeAddressList? left, NodeAddressList? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(NodeAddressList? left, NodeAddressList? right) => !(left == right);

    public override string ToString() => string.Join(", ", Descriptors);
}
