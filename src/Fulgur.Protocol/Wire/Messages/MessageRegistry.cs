using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>Reads one message type's payload.</summary>
public delegate bool MessagePayloadReader(ref WireReader reader, [NotNullWhen(true)] out IWireMessage? message);

/// <summary>What the registry knows about one message type.</summary>
public sealed record MessageDescriptor(
    MessageType Type,
    string Name,
    IReadOnlyList<WireField> Fields,
    Tlv.TlvNamespace Tlvs,
    Type ClrType,
    MessagePayloadReader Reader);

/// <summary>
/// The table from message type to codec (the <c>typecase</c> of the wire layer). Decoding follows BOLT 1's
/// envelope: a known type is parsed strictly, an unknown odd type becomes an <see cref="UnknownMessage"/> to
/// ignore, an unknown even type is an error.
/// </summary>
public sealed partial class MessageRegistry
{
    private readonly Dictionary<ushort, MessageDescriptor> _byType = [];

    /// <summary>Registers <typeparamref name="T"/>; a type number registered twice is a bug and throws.</summary>
    public MessageRegistry Add<T>()
        where T : class, IWireMessage<T>
    {
        var descriptor = new MessageDescriptor(T.MessageType, T.Name, T.Fields, T.Tlvs, typeof(T), Read);
        if (!_byType.TryAdd(T.MessageType.Value, descriptor))
            throw new InvalidOperationException($"message type {T.MessageType} is registered twice ({T.Name})");
        return this;

        static bool Read(ref WireReader reader, [NotNullWhen(true)] out IWireMessage? message)
        {
            var ok = T.TryReadPayload(ref reader, out var typed);
            message = typed;
            return ok;
        }
    }

    public IReadOnlyCollection<MessageDescriptor> Descriptors => _byType.Values;

    public bool TryGetDescriptor(MessageType type, [NotNullWhen(true)] out MessageDescriptor? descriptor) =>
        _byType.TryGetValue(type.Value, out descriptor);

    /// <summary>
    /// Decodes a whole plaintext message (type + payload). Returns an <see cref="UnknownMessage"/> for unknown odd
    /// types; fails for unknown even types and for any malformed known message.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out IWireMessage? message, out WireError error)
    {
        message = null;
        var reader = new WireReader(bytes);
        if (!reader.TryReadU16(out var rawType))
        {
            error = new WireError(WireErrorKind.MissingMessageType, $"{bytes.Length} bytes cannot hold a message type");
            return false;
        }
        var type = new MessageType(rawType);
        if (!_byType.TryGetValue(rawType, out var descriptor))
        {
            // BOLT #1: "upon receiving a message of _odd_, unknown type: - MUST ignore the received message."
            if (type.IsOdd)
            {
                message = new UnknownMessage(type, new ByteVector(reader.ReadRemaining()));
                error = WireError.None;
                return true;
            }
            // BOLT #1: "upon receiving a message of _even_, unknown type: - MUST close the connection."
            error = new WireError(WireErrorKind.UnknownEvenMessageType, $"unknown even message type {type}");
            return false;
        }
        // BOLT #1: "upon receiving a known message with insufficient length for the contents: - MUST close the connection."
        if (!descriptor.Reader(ref reader, out message))
        {
            error = reader.Error with { Detail = $"{descriptor.Name}: {reader.Error.Detail}" };
            return false;
        }
        if (!reader.IsAtEnd)
        {
            message = null;
            error = new WireError(WireErrorKind.InvalidMessage, $"{descriptor.Name}: codec left {reader.Remaining} bytes unread");
            return false;
        }
        error = WireError.None;
        return true;
    }

    /// <summary>Encodes a message: the 2-byte type, then its payload.</summary>
    public static byte[] Encode(IWireMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = WireWriter.ToArray(writer =>
        {
            writer.WriteU16(message.Type.Value);
            message.WritePayload(writer);
        });
        // BOLT #1: "the maximum possible size is 65535 bytes."
        if (bytes.Length > ushort.MaxValue)
            throw new InvalidOperationException($"{message.Type} message of {bytes.Length} bytes exceeds 65535");
        return bytes;
    }
}
