using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// A message of an odd type we do not know, kept with its raw payload. BOLT 1 says to ignore it; holding it lets
/// the peer layer log it and custom-message plumbing pass it on.
/// </summary>
public sealed record UnknownMessage(MessageType Type, ByteVector Payload) : IWireMessage
{
    public void WritePayload(WireWriter writer) => writer.WriteBytes(Payload.Span);
}
