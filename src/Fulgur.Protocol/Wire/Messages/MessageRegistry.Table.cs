namespace Fulgur.Protocol.Wire.Messages;

public sealed partial class MessageRegistry
{
    /// <summary>
    /// Every message Fulgur speaks. Adding a message is one line here (its record implements
    /// <see cref="IWireMessage{TSelf}"/>); the spec-drift test then checks it against the BOLT text.
    /// </summary>
    public static MessageRegistry Default { get; } = new MessageRegistry()
        // BOLT 2: channel establishment v1, quiescence, closing, normal operation, reestablish
        .Add<OpenChannelMessage>()
        .Add<AcceptChannelMessage>()
        .Add<FundingCreatedMessage>()
        .Add<FundingSignedMessage>()
        .Add<ChannelReadyMessage>()
        .Add<StfuMessage>()
        .Add<ShutdownMessage>()
        .Add<ClosingSignedMessage>()
        .Add<ClosingCompleteMessage>()
        .Add<ClosingSigMessage>()
        .Add<UpdateAddHtlcMessage>()
        .Add<UpdateFulfillHtlcMessage>()
        .Add<UpdateFailHtlcMessage>()
        .Add<UpdateFailMalformedHtlcMessage>()
        .Add<CommitmentSignedMessage>()
        .Add<RevokeAndAckMessage>()
        .Add<UpdateFeeMessage>()
        .Add<ChannelReestablishMessage>()
        // BOLT 7: gossip and gossip queries
        .Add<ChannelAnnouncementMessage>()
        .Add<NodeAnnouncementMessage>()
        .Add<ChannelUpdateMessage>()
        .Add<AnnouncementSignaturesMessage>()
        .Add<QueryShortChannelIdsMessage>()
        .Add<ReplyShortChannelIdsEndMessage>()
        .Add<QueryChannelRangeMessage>()
        .Add<ReplyChannelRangeMessage>()
        .Add<GossipTimestampFilterMessage>()
        // BOLT 1: setup, control, peer storage
        .Add<WarningMessage>()
        .Add<PeerStorageMessage>()
        .Add<PeerStorageRetrievalMessage>()
        .Add<InitMessage>()
        .Add<ErrorMessage>()
        .Add<PingMessage>()
        .Add<PongMessage>();
}
