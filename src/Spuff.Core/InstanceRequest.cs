using System;
using System.Collections.Generic;

namespace Spuff.Core
{
    /// <summary>What to create. Providers map it to their own API; unset region/size mean the provider's default.</summary>
    public sealed class InstanceRequest
    {
        public InstanceRequest(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public InstanceRequest(string name, string? region, string? size)
            : this(name)
        {
            Region = region;
            Size = size;
        }

        public string Name { get; set; }

        /// <summary>Region or location (nyc3, fsn1, us-east-1); null for the provider's default.</summary>
        public string? Region { get; set; }

        /// <summary>Size or server type (s-1vcpu-1gb, cx22, t3.micro); null for the provider's default.</summary>
        public string? Size { get; set; }

        public ImageSpec Image { get; set; } = ImageSpec.Default;

        /// <summary>Cloud-init or a shell script; each provider enforces its own size limit before sending.</summary>
        public string? UserData { get; set; }

        /// <summary>User labels. Providers always add <c>managed-by=spuff</c>.</summary>
        public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>SSH key ids, fingerprints or names. Empty means every key of the account, where the provider has keys.</summary>
        public IList<string> SshKeys { get; set; } = new List<string>();

        /// <summary>
        /// A caller-chosen token that makes creation idempotent where the provider supports it (EC2 ClientToken).
        /// Null lets the provider derive one.
        /// </summary>
        public string? IdempotencyToken { get; set; }

        public InstanceRequest WithImage(ImageSpec image)
        {
            Image = image ?? throw new ArgumentNullException(nameof(image));
            return this;
        }

        public InstanceRequest WithUserData(string userData)
        {
            UserData = userData;
            return this;
        }

        public InstanceRequest WithLabel(string key, string value)
        {
            Labels[key] = value;
            return this;
        }

        public InstanceRequest WithSshKey(string key)
        {
            SshKeys.Add(key);
            return this;
        }
    }
}
