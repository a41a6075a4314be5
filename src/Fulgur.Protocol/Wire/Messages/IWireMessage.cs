using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>A Lightning message: a type and a payload (its fields in spec order, then its TLV extension).</summary>
public interface IWireMessage
{
    MessageType Type { get; }

    /// <summary>Writes the payload: every field after the 2-byte type, extension included.</summary>
    void WritePayload(WireWriter writer);
}

/// <summary>
/// A message codec the registry can hold. Each message is one sealed record implementing this, with its spec
/// name, type number and field list (checked against the BOLT text by the spec-drift test).
/// </summary>
public interface IWireMessage<TSelf> : IWireMessage
    where TSelf : class, IWireMessage<TSelf>
{
    /// <summary>The type number, as in ``1. type: 16 (`init`)``.</summary>
    static abstract MessageType MessageType { get; }

    /// <summary>The spec's name for the message (<c>init</c>).</summary>
    static abstract string Name { get; }

    /// <summary>The fields of the spec's <c>2. data:</c> list, in order.</summary>
    static abstract IReadOnlyList<WireField> Fields { get; }

    /// <summary>The TLV types of the message's <c>tlv_stream</c>, or <see cref="Tlv.TlvNamespace.None"/> when it has none.</summary>
    static abstract Tlv.TlvNamespace Tlvs { get; }

    /// <summary>Reads the payload (everything after the type), leaving the reason in <c>reader.Error</c> on failure.</summary>
    static abstract bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out TSelf? message);
}
