namespace Fulgur.Protocol.Wire.Features;

/// <summary>Where a feature may be presented: BOLT 9's Context column.</summary>
[Flags]
public enum FeatureContexts
{
    None = 0,

    /// <summary><c>I</c>: the <c>init</c> message.</summary>
    Init = 1,

    /// <summary><c>N</c>: <c>node_announcement</c>.</summary>
    NodeAnnouncement = 2,

    /// <summary><c>C</c>: <c>channel_announcement</c>.</summary>
    ChannelAnnouncement = 4,

    /// <summary><c>C-</c>: <c>channel_announcement</c>, always odd.</summary>
    ChannelAnnouncementOddOnly = 8,

    /// <summary><c>C+</c>: <c>channel_announcement</c>, always even.</summary>
    ChannelAnnouncementEvenOnly = 16,

    /// <summary><c>9</c>: BOLT 11 invoices.</summary>
    Invoice = 32,

    /// <summary><c>B</c>: the <c>allowed_features</c> of a blinded path.</summary>
    BlindedPath = 64,

    /// <summary><c>T</c>: the <c>channel_type</c> field when opening channels.</summary>
    ChannelType = 128,
}

/// <summary>Whether a feature vector offers a feature, and how.</summary>
public enum FeatureSupport
{
    None,

    /// <summary>Only the odd bit is set.</summary>
    Optional,

    /// <summary>The even bit is set (BOLT 9: with both bits set the feature "should be treated as mandatory").</summary>
    Compulsory,
}

/// <summary>One row of BOLT 9's feature table: a named pair of bits.</summary>
public sealed class Feature
{
    internal Feature(string name, int compulsoryBit, FeatureContexts contexts, bool isAssumed, string description, params Feature[] dependencies)
    {
        if (compulsoryBit < 0 || compulsoryBit % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(compulsoryBit), compulsoryBit, "features are named by their even bit");
        Name = name;
        CompulsoryBit = compulsoryBit;
        Contexts = contexts;
        IsAssumed = isAssumed;
        Description = description;
        Dependencies = dependencies;
    }

    /// <summary>The spec name (<c>option_static_remotekey</c>).</summary>
    public string Name { get; }

    /// <summary>The even ("required") bit.</summary>
    public int CompulsoryBit { get; }

    /// <summary>The odd ("supported") bit.</summary>
    public int OptionalBit => CompulsoryBit + 1;

    public FeatureContexts Contexts { get; }

    /// <summary>
    /// BOLT 9: "Some features were introduced and became so widespread they are `ASSUMED` to be present by all
    /// nodes". Such a feature counts as present whether or not its bits are set.
    /// </summary>
    public bool IsAssumed { get; }

    public string Description { get; }

    /// <summary>Features that must be set whenever this one is (BOLT 9's Dependencies column).</summary>
    public IReadOnlyList<Feature> Dependencies { get; }

    public override string ToString() => $"{Name} ({CompulsoryBit}/{OptionalBit})";
}
