namespace Fulgur.Protocol.Wire.Messages;

public sealed partial class MessageRegistry
{
    /// <summary>
    /// Every message Fulgur speaks. Adding a message is one line here (its record implements
    /// <see cref="IWireMessage{TSelf}"/>); the spec-drift test then checks it against the BOLT text.
    /// </summary>
    public static MessageRegistry Default { get; } = new MessageRegistry()
        // BOLT 1: setup, control, peer storage
        .Add<WarningMessage>()
        .Add<PeerStorageMessage>()
        .Add<PeerStorageRetrievalMessage>()
        .Add<InitMessage>()
        .Add<ErrorMessage>()
        .Add<PingMessage>()
        .Add<PongMessage>();
}
