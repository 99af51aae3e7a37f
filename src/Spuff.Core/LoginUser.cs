using System;

namespace Spuff.Core
{
    /// <summary>
    /// The user an instance accepts a login for, per provider and image: root on DigitalOcean and Hetzner;
    /// on AWS the official images' user (ubuntu for Ubuntu, admin for Debian, ec2-user for Amazon Linux);
    /// root in Docker containers. A label <see cref="Label"/> on the instance (set at create) wins.
    /// </summary>
    public static class LoginUser
    {
        /// <summary>The label New-SpuffInstance records when the image decides the user (AWS).</summary>
        public const string Label = "spuff-user";

        public static string For(ProviderInstance instance)
        {
            if (instance == null)
            {
                throw new ArgumentNullException(nameof(instance));
            }

            if (instance.Labels != null && instance.Labels.TryGetValue(Label, out var recorded) && !string.IsNullOrWhiteSpace(recorded))
            {
                return recorded;
            }

            switch ((instance.Provider ?? string.Empty).ToLowerInvariant())
            {
                case "aws":
                    return ForAwsImage(instance.Image);
                default:
                    return "root";
            }
        }

        /// <summary>The user of an official AWS image, from its portable name or AMI name; Ubuntu's when unknown.</summary>
        public static string ForAwsImage(string? image)
        {
            var text = (image ?? string.Empty).ToLowerInvariant();
            if (text.Contains("debian"))
            {
                return "admin";
            }

            if (text.Contains("amzn") || text.Contains("al2023") || text.Contains("amazon"))
            {
                return "ec2-user";
            }

            // Spuff's default image is Ubuntu; an AMI id alone does not say more.
            return "ubuntu";
        }

        /// <summary>The user to record at create for an image spec on a provider, or null when the provider decides.</summary>
        public static string? ForCreate(string provider, ImageSpec? image)
        {
            if (!string.Equals(provider, "aws", StringComparison.OrdinalIgnoreCase) || image == null)
            {
                return null;
            }

            switch (image.Kind)
            {
                case ImageKind.Ubuntu: return "ubuntu";
                case ImageKind.Debian: return "admin";
                default: return null;
            }
        }
    }
}
